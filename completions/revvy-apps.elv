
use builtin;
use str;

set edit:completion:arg-completer[revvy-apps] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'revvy-apps'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'revvy-apps'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new store and its first member (--as NAME, default: your user name); asks for a passphrase twice'
            cand create 'Register an application and issue its credentials'
            cand list 'List applications, secrets masked'
            cand show 'Show one application in full, secret masked'
            cand edit 'Change the settings of an application; only what is passed changes'
            cand disable 'Suspend an application: its credentials stop working'
            cand enable 'Resume a disabled application'
            cand regenerate 'Issue a new client secret'
            cand delete 'Remove an application permanently'
            cand unlock 'Open a session for scripts: prints `export REVVY_APPS_SESSION=...`'
            cand lock 'End the current session (REVVY_APPS_SESSION), or every session with --all'
            cand apply 'Make the store match a TOML manifest: create, update (and with --prune delete)'
            cand run 'Run a command with credentials in its environment, never on a command line'
            cand export 'Write credentials for another tool: shell, dotenv, JSON, a Kubernetes Secret, GitHub Actions'
            cand verify 'Check a client secret read from stdin (never from the command line): exit 0 valid, 5 not'
            cand access 'Manage who can unlock the store: members with a passphrase, a machine key or their own public key'
            cand passwd 'Change your passphrase (the member you unlock as; ends open sessions)'
            cand rekey 'Make a new data key, seal every record and event again and the key to every member (confirms; --yes off a terminal)'
            cand backup 'Write a consistent, still encrypted copy of the store'
            cand copy 'Copy the whole store (members, applications, audit log) into a new store with its own id and data key'
            cand restore 'Bring back a backup made by `backup` in place of the store, on purpose (confirms; --yes off a terminal)'
            cand accept-store 'Accept the store now at --store on this machine, after it was replaced on purpose (confirms; --yes off a terminal)'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand log 'Show the audit trail, oldest first'
            cand check 'Verify every record, every lookup column and the audit chain; with --expiring, exit 8 on secrets due'
            cand status 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)'
            cand whoami 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)'
            cand inject 'Fill the {{ revvy://APP/FIELD }} references of a template with credentials (as `op inject` does)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'revvy-apps;init'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --kdf-memory 'Argon2id memory in MiB [default: 256; at least 19]'
            cand --kdf-iterations 'Argon2id passes [default: 3; at least 2]'
            cand --kdf-parallelism 'Argon2id lanes [default: 4]'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;create'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --name 'Name of the application (1-100 characters, unique, case-insensitive)'
            cand --grant 'Allowed grant type (repeatable): client_credentials, authorization_code (code), refresh_token (refresh), device-code, token-exchange, jwt-bearer'
            cand --scope 'Scope (repeatable; a space-separated list is split)'
            cand --callback-url 'Callback URL (repeatable)'
            cand --signout-url 'Sign-out URL (repeatable)'
            cand --access-token-lifetime 'Access token lifetime: seconds, or 90s, 15m, 1h, 7d (300s to 1d; a new application gets 1h)'
            cand --refresh-token-lifetime 'Refresh token lifetime, with the refresh_token grant (30d when the grant comes without one)'
            cand --secret-lifetime 'How long a secret lives from its issue: 1d to 730d, or none (a new application gets the config''s secret_lifetime, else none)'
            cand --tenant 'Tenant the application belongs to (a new application: default)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --multi-tenant 'Let the application serve several tenants'
            cand --if-not-exists 'If an application of this name exists, print it unchanged and exit 0'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;list'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --status 'Only applications with this status: active or disabled'
            cand --tenant 'Only applications of this tenant'
            cand --name-contains 'Only applications whose name contains this text (case-insensitive)'
            cand --expiring 'Only applications whose secret has expired or expires within this time (e.g. 30d); shows the Expires column'
            cand --unused-since 'Only applications with no successful verify in this time (e.g. 90d; never-used ones older than that count)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --wide 'Add the columns Expires, Last Used and Old Secret Used (a grace period''s), as in 9d or 3h ago'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;show'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;edit'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --name 'Rename the application'
            cand --grant 'Allowed grant type (repeatable): client_credentials, authorization_code (code), refresh_token (refresh), device-code, token-exchange, jwt-bearer'
            cand --scope 'Scope (repeatable; a space-separated list is split)'
            cand --callback-url 'Callback URL (repeatable)'
            cand --signout-url 'Sign-out URL (repeatable)'
            cand --access-token-lifetime 'Access token lifetime: seconds, or 90s, 15m, 1h, 7d (300s to 1d; a new application gets 1h)'
            cand --refresh-token-lifetime 'Refresh token lifetime, with the refresh_token grant (30d when the grant comes without one)'
            cand --secret-lifetime 'How long a secret lives from its issue: 1d to 730d, or none (a new application gets the config''s secret_lifetime, else none)'
            cand --tenant 'Tenant the application belongs to (a new application: default)'
            cand --multi-tenant 'Let the application serve several tenants: true or false'
            cand --add-grant 'Add one grant type'
            cand --remove-grant 'Remove one grant type'
            cand --add-scope 'Add one scope'
            cand --remove-scope 'Remove one scope'
            cand --add-callback-url 'Add one callback URL'
            cand --remove-callback-url 'Remove one callback URL'
            cand --add-signout-url 'Add one sign-out URL'
            cand --remove-signout-url 'Remove one sign-out URL'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --editor 'Edit the settings as TOML in $VISUAL / $EDITOR (the default on a terminal without options)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;disable'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;enable'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;regenerate'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --grace 'Keep the current secret valid this long (e.g. 1h, 7d; at most 30d)'
            cand --secret-lifetime 'The new secret''s lifetime: 1d to 730d, or none [default: the application''s]'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;delete'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;unlock'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --ttl 'How long the session lasts: 90s, 15m, 8h ...(at most 24h)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;lock'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --all 'End every open session, not only the current one'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;apply'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand -f 'The manifest (TOML, one [[application]] table per app); `-` reads stdin'
            cand --file 'The manifest (TOML, one [[application]] table per app); `-` reads stdin'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --dry-run 'Print the plan and change nothing'
            cand --prune 'Also delete the applications the manifest does not name (confirms; --yes off a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;run'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --prefix 'Name one application''s variables PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET'
            cand --env 'Also set NAME to a field of an application, listed or not (repeatable)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --allow-disabled 'Deliver the credentials of a disabled application too'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;export'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --prefix 'Name one application''s variables PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET'
            cand --env 'Also set NAME to a field of an application, listed or not (repeatable)'
            cand --format 'The form to write: env (POSIX shell), dotenv, json, k8s (a v1 Secret) or github'
            cand --name 'The Secret''s name (k8s; default: the application''s name)'
            cand --namespace 'The Secret''s namespace (k8s)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --allow-disabled 'Deliver the credentials of a disabled application too'
            cand --force 'Replace the --output FILE if it exists (--output FILE writes 0600, through a temporary file and a rename, instead of stdout)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;verify'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;access'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)'
            cand add 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)'
            cand remove 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)'
            cand grant 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)'
            cand revoke 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'revvy-apps;access;list'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;access;add'= {
            cand --key-file 'Write the machine member''s key to this file (0600; an existing file is never overwritten)'
            cand --recipient 'A recipient member: an age public key (age1...) or an OpenSSH ssh-ed25519 public key line'
            cand --new-passphrase-file 'Read a passphrase member''s passphrase from the first line of this file'
            cand --only 'A scoped member: it reads only this application (name or client ID; repeatable)'
            cand --only-tenant 'A scoped member: it reads this tenant''s applications, now and later (repeatable)'
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --machine 'A machine member: a new key, printed once (or written to --key-file)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;access;remove'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;access;grant'= {
            cand --tenant 'A tenant, whole: its applications now and later (repeatable)'
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;access;revoke'= {
            cand --tenant 'A tenant, whole: its applications now and later (repeatable)'
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;access;help'= {
            cand list 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)'
            cand add 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)'
            cand remove 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)'
            cand grant 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)'
            cand revoke 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'revvy-apps;access;help;list'= {
        }
        &'revvy-apps;access;help;add'= {
        }
        &'revvy-apps;access;help;remove'= {
        }
        &'revvy-apps;access;help;grant'= {
        }
        &'revvy-apps;access;help;revoke'= {
        }
        &'revvy-apps;access;help;help'= {
        }
        &'revvy-apps;passwd'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --new-passphrase-file 'Read the new passphrase from the first line of this file'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;rekey'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;backup'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --force 'Overwrite FILE if it exists'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;copy'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --to 'The new store: a file path that does not exist yet, or a PostgreSQL URL whose schema holds no store'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;restore'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;accept-store'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --new-secret 'The store carries the id this machine knew but another secret (it was restored from a backup made before format 4): learn its secret anew at the next unlock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;completions'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;log'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --since 'Only events since then: a duration (7d, 12h), a date (2026-12-03, in UTC), a time (2026-12-03 11:41, or RFC 3339), today or yesterday'
            cand --limit 'Only the last N events'
            cand --action 'Only events of this action (repeatable): create, edit, reveal, ...'
            cand --actor 'Only events by this member (or with this REVVY_APPS_ACTOR note)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --no-pager 'Print the table straight to the terminal, not through $PAGER'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;check'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --expiring 'Also exit 8 when an active application''s secret is expired or expires within this time (e.g. 30d)'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;status'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;whoami'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;inject'= {
            cand --store 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]'
            cand --config 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]'
            cand -o 'Output format: table or json (for export and inject: the file to write)'
            cand --output 'Output format: table or json (for export and inject: the file to write)'
            cand --passphrase-file 'Read the passphrase from the first line of this file'
            cand --as 'Unlock as this passphrase member (when several have a passphrase)'
            cand --identity-file 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key'
            cand -i 'The template; - or none reads stdin'
            cand --in-file 'The template; - or none reads stdin'
            cand --json 'Same as --output json'
            cand --reveal 'Print client secrets in full (recorded in the audit log)'
            cand -q 'Print no messages on stderr, only errors'
            cand --quiet 'Print no messages on stderr, only errors'
            cand -y 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --yes 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
            cand --force 'Replace the -o FILE if it exists (-o FILE writes 0600, through a temporary file and a rename, instead of stdout)'
            cand --allow-disabled 'Deliver the credentials of a disabled application too'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'revvy-apps;help'= {
            cand init 'Create a new store and its first member (--as NAME, default: your user name); asks for a passphrase twice'
            cand create 'Register an application and issue its credentials'
            cand list 'List applications, secrets masked'
            cand show 'Show one application in full, secret masked'
            cand edit 'Change the settings of an application; only what is passed changes'
            cand disable 'Suspend an application: its credentials stop working'
            cand enable 'Resume a disabled application'
            cand regenerate 'Issue a new client secret'
            cand delete 'Remove an application permanently'
            cand unlock 'Open a session for scripts: prints `export REVVY_APPS_SESSION=...`'
            cand lock 'End the current session (REVVY_APPS_SESSION), or every session with --all'
            cand apply 'Make the store match a TOML manifest: create, update (and with --prune delete)'
            cand run 'Run a command with credentials in its environment, never on a command line'
            cand export 'Write credentials for another tool: shell, dotenv, JSON, a Kubernetes Secret, GitHub Actions'
            cand verify 'Check a client secret read from stdin (never from the command line): exit 0 valid, 5 not'
            cand access 'Manage who can unlock the store: members with a passphrase, a machine key or their own public key'
            cand passwd 'Change your passphrase (the member you unlock as; ends open sessions)'
            cand rekey 'Make a new data key, seal every record and event again and the key to every member (confirms; --yes off a terminal)'
            cand backup 'Write a consistent, still encrypted copy of the store'
            cand copy 'Copy the whole store (members, applications, audit log) into a new store with its own id and data key'
            cand restore 'Bring back a backup made by `backup` in place of the store, on purpose (confirms; --yes off a terminal)'
            cand accept-store 'Accept the store now at --store on this machine, after it was replaced on purpose (confirms; --yes off a terminal)'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand log 'Show the audit trail, oldest first'
            cand check 'Verify every record, every lookup column and the audit chain; with --expiring, exit 8 on secrets due'
            cand status 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)'
            cand inject 'Fill the {{ revvy://APP/FIELD }} references of a template with credentials (as `op inject` does)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'revvy-apps;help;init'= {
        }
        &'revvy-apps;help;create'= {
        }
        &'revvy-apps;help;list'= {
        }
        &'revvy-apps;help;show'= {
        }
        &'revvy-apps;help;edit'= {
        }
        &'revvy-apps;help;disable'= {
        }
        &'revvy-apps;help;enable'= {
        }
        &'revvy-apps;help;regenerate'= {
        }
        &'revvy-apps;help;delete'= {
        }
        &'revvy-apps;help;unlock'= {
        }
        &'revvy-apps;help;lock'= {
        }
        &'revvy-apps;help;apply'= {
        }
        &'revvy-apps;help;run'= {
        }
        &'revvy-apps;help;export'= {
        }
        &'revvy-apps;help;verify'= {
        }
        &'revvy-apps;help;access'= {
            cand list 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)'
            cand add 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)'
            cand remove 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)'
            cand grant 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)'
            cand revoke 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'revvy-apps;help;access;list'= {
        }
        &'revvy-apps;help;access;add'= {
        }
        &'revvy-apps;help;access;remove'= {
        }
        &'revvy-apps;help;access;grant'= {
        }
        &'revvy-apps;help;access;revoke'= {
        }
        &'revvy-apps;help;access;help'= {
            cand list 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)'
            cand add 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)'
            cand remove 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)'
            cand grant 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)'
            cand revoke 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'revvy-apps;help;access;help;list'= {
        }
        &'revvy-apps;help;access;help;add'= {
        }
        &'revvy-apps;help;access;help;remove'= {
        }
        &'revvy-apps;help;access;help;grant'= {
        }
        &'revvy-apps;help;access;help;revoke'= {
        }
        &'revvy-apps;help;access;help;help'= {
        }
        &'revvy-apps;help;passwd'= {
        }
        &'revvy-apps;help;rekey'= {
        }
        &'revvy-apps;help;backup'= {
        }
        &'revvy-apps;help;copy'= {
        }
        &'revvy-apps;help;restore'= {
        }
        &'revvy-apps;help;accept-store'= {
        }
        &'revvy-apps;help;completions'= {
        }
        &'revvy-apps;help;log'= {
        }
        &'revvy-apps;help;check'= {
        }
        &'revvy-apps;help;status'= {
        }
        &'revvy-apps;help;inject'= {
        }
        &'revvy-apps;help;help'= {
        }
    ]
    $completions[$command]
}
