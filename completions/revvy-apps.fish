# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_revvy_apps_global_optspecs
    string join \n store= config= o/output= json reveal q/quiet y/yes passphrase-file= as= identity-file= h/help V/version
end

function __fish_revvy_apps_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_revvy_apps_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_revvy_apps_using_subcommand
    set -l cmd (__fish_revvy_apps_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "init" -d 'Create a new store and its first member (--as NAME, default: your user name); asks for a passphrase twice'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "create" -d 'Register an application and issue its credentials'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "list" -d 'List applications, secrets masked'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "show" -d 'Show one application in full, secret masked'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "edit" -d 'Change the settings of an application; only what is passed changes'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "disable" -d 'Suspend an application: its credentials stop working'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "enable" -d 'Resume a disabled application'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "regenerate" -d 'Issue a new client secret'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "delete" -d 'Remove an application permanently'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "unlock" -d 'Open a session for scripts: prints `export REVVY_APPS_SESSION=...`'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "lock" -d 'End the current session (REVVY_APPS_SESSION), or every session with --all'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "apply" -d 'Make the store match a TOML manifest: create, update (and with --prune delete)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "run" -d 'Run a command with credentials in its environment, never on a command line'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "export" -d 'Write credentials for another tool: shell, dotenv, JSON, a Kubernetes Secret, GitHub Actions'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "verify" -d 'Check a client secret read from stdin (never from the command line): exit 0 valid, 5 not'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "access" -d 'Manage who can unlock the store: members with a passphrase, a machine key or their own public key'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "passwd" -d 'Change your passphrase (the member you unlock as; ends open sessions)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "rekey" -d 'Make a new data key, seal every record and event again and the key to every member (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "backup" -d 'Write a consistent, still encrypted copy of the store'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "copy" -d 'Copy the whole store (members, applications, audit log) into a new store with its own id and data key'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "restore" -d 'Bring back a backup made by `backup` in place of the store, on purpose (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "accept-store" -d 'Accept the store now at --store on this machine, after it was replaced on purpose (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "log" -d 'Show the audit trail, oldest first'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "check" -d 'Verify every record, every lookup column and the audit chain; with --expiring, exit 8 on secrets due'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "status" -d 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "whoami" -d 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "inject" -d 'Fill the {{ revvy://APP/FIELD }} references of a template with credentials (as `op inject` does)'
complete -c revvy-apps -n "__fish_revvy_apps_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l kdf-memory -d 'Argon2id memory in MiB [default: 256; at least 19]' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l kdf-iterations -d 'Argon2id passes [default: 3; at least 2]' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l kdf-parallelism -d 'Argon2id lanes [default: 4]' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand init" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l name -d 'Name of the application (1-100 characters, unique, case-insensitive)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l grant -d 'Allowed grant type (repeatable): client_credentials, authorization_code (code), refresh_token (refresh), device-code, token-exchange, jwt-bearer' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l scope -d 'Scope (repeatable; a space-separated list is split)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l callback-url -d 'Callback URL (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l signout-url -d 'Sign-out URL (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l access-token-lifetime -d 'Access token lifetime: seconds, or 90s, 15m, 1h, 7d (300s to 1d; a new application gets 1h)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l refresh-token-lifetime -d 'Refresh token lifetime, with the refresh_token grant (30d when the grant comes without one)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l secret-lifetime -d 'How long a secret lives from its issue: 1d to 730d, or none (a new application gets the config\'s secret_lifetime, else none)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l tenant -d 'Tenant the application belongs to (a new application: default)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l multi-tenant -d 'Let the application serve several tenants'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -l if-not-exists -d 'If an application of this name exists, print it unchanged and exit 0'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand create" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l status -d 'Only applications with this status: active or disabled' -r -f -a "active\t''
disabled\t''"
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l tenant -d 'Only applications of this tenant' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l name-contains -d 'Only applications whose name contains this text (case-insensitive)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l expiring -d 'Only applications whose secret has expired or expires within this time (e.g. 30d); shows the Expires column' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l unused-since -d 'Only applications with no successful verify in this time (e.g. 90d; never-used ones older than that count)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -l wide -d 'Add the columns Expires, Last Used and Old Secret Used (a grace period\'s), as in 9d or 3h ago'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand list" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l name -d 'Rename the application' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l grant -d 'Allowed grant type (repeatable): client_credentials, authorization_code (code), refresh_token (refresh), device-code, token-exchange, jwt-bearer' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l scope -d 'Scope (repeatable; a space-separated list is split)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l callback-url -d 'Callback URL (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l signout-url -d 'Sign-out URL (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l access-token-lifetime -d 'Access token lifetime: seconds, or 90s, 15m, 1h, 7d (300s to 1d; a new application gets 1h)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l refresh-token-lifetime -d 'Refresh token lifetime, with the refresh_token grant (30d when the grant comes without one)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l secret-lifetime -d 'How long a secret lives from its issue: 1d to 730d, or none (a new application gets the config\'s secret_lifetime, else none)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l tenant -d 'Tenant the application belongs to (a new application: default)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l multi-tenant -d 'Let the application serve several tenants: true or false' -r -f -a "true\t''
false\t''"
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l add-grant -d 'Add one grant type' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l remove-grant -d 'Remove one grant type' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l add-scope -d 'Add one scope' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l remove-scope -d 'Remove one scope' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l add-callback-url -d 'Add one callback URL' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l remove-callback-url -d 'Remove one callback URL' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l add-signout-url -d 'Add one sign-out URL' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l remove-signout-url -d 'Remove one sign-out URL' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -l editor -d 'Edit the settings as TOML in $VISUAL / $EDITOR (the default on a terminal without options)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand edit" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand disable" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand enable" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l grace -d 'Keep the current secret valid this long (e.g. 1h, 7d; at most 30d)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l secret-lifetime -d 'The new secret\'s lifetime: 1d to 730d, or none [default: the application\'s]' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand regenerate" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand delete" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l ttl -d 'How long the session lasts: 90s, 15m, 8h ...(at most 24h)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand unlock" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -l all -d 'End every open session, not only the current one'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand lock" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -s f -l file -d 'The manifest (TOML, one [[application]] table per app); `-` reads stdin' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l dry-run -d 'Print the plan and change nothing'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -l prune -d 'Also delete the applications the manifest does not name (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand apply" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l prefix -d 'Name one application\'s variables PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l env -d 'Also set NAME to a field of an application, listed or not (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -l allow-disabled -d 'Deliver the credentials of a disabled application too'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand run" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l prefix -d 'Name one application\'s variables PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l env -d 'Also set NAME to a field of an application, listed or not (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l format -d 'The form to write: env (POSIX shell), dotenv, json, k8s (a v1 Secret) or github' -r -f -a "env\t'`export NAME=...` lines for a POSIX shell (eval-safe)'
dotenv\t'A .env file for docker compose and python-dotenv'
json\t'One JSON object'
k8s\t'A Kubernetes v1 Secret manifest (stringData)'
github\t'GitHub Actions: masks on stdout, variables appended to $GITHUB_ENV'"
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l name -d 'The Secret\'s name (k8s; default: the application\'s name)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l namespace -d 'The Secret\'s namespace (k8s)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l allow-disabled -d 'Deliver the credentials of a disabled application too'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -l force -d 'Replace the --output FILE if it exists (--output FILE writes 0600, through a temporary file and a rename, instead of stdout)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand export" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand verify" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -f -a "list" -d 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -f -a "add" -d 'Add a member: a passphrase (default), a machine key (--machine) or someone\'s public key (--recipient)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -f -a "remove" -d 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -f -a "grant" -d 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -f -a "revoke" -d 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and not __fish_seen_subcommand_from list add remove grant revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l key-file -d 'Write the machine member\'s key to this file (0600; an existing file is never overwritten)' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l recipient -d 'A recipient member: an age public key (age1...) or an OpenSSH ssh-ed25519 public key line' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l new-passphrase-file -d 'Read a passphrase member\'s passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l only -d 'A scoped member: it reads only this application (name or client ID; repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l only-tenant -d 'A scoped member: it reads this tenant\'s applications, now and later (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l machine -d 'A machine member: a new key, printed once (or written to --key-file)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l tenant -d 'A tenant, whole: its applications now and later (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from grant" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l tenant -d 'A tenant, whole: its applications now and later (repeatable)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a member: a passphrase (default), a machine key (--machine) or someone\'s public key (--recipient)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "grant" -d 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l new-passphrase-file -d 'Read the new passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand passwd" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand rekey" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -l force -d 'Overwrite FILE if it exists'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand backup" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l to -d 'The new store: a file path that does not exist yet, or a PostgreSQL URL whose schema holds no store' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand copy" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand restore" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -l new-secret -d 'The store carries the id this machine knew but another secret (it was restored from a backup made before format 4): learn its secret anew at the next unlock'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand accept-store" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand completions" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l since -d 'Only events since then: a duration (7d, 12h), a date (2026-12-03, in UTC), a time (2026-12-03 11:41, or RFC 3339), today or yesterday' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l limit -d 'Only the last N events' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l action -d 'Only events of this action (repeatable): create, edit, reveal, ...' -r -f -a "create\t''
edit\t''
disable\t''
enable\t''
regenerate\t''
delete\t''
reveal\t''
passwd\t''
rekey\t''
restore\t''
access_add\t''
access_remove\t''
copy\t''
access_grant\t''
access_revoke\t''
use\t''"
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l actor -d 'Only events by this member (or with this REVVY_APPS_ACTOR note)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -l no-pager -d 'Print the table straight to the terminal, not through $PAGER'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand log" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l expiring -d 'Also exit 8 when an active application\'s secret is expired or expires within this time (e.g. 30d)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand check" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand status" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l store -d 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l config -d 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -s o -l output -d 'Output format: table or json (for export and inject: the file to write)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l passphrase-file -d 'Read the passphrase from the first line of this file' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l as -d 'Unlock as this passphrase member (when several have a passphrase)' -r
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l identity-file -d 'Unlock with this key file: a machine member\'s key, an age identity or an OpenSSH key' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -s i -l in-file -d 'The template; - or none reads stdin' -r -F
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l json -d 'Same as --output json'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l reveal -d 'Print client secrets in full (recorded in the audit log)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -s q -l quiet -d 'Print no messages on stderr, only errors'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -s y -l yes -d 'Answer yes to confirmations (needed off a terminal for delete and regenerate)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l force -d 'Replace the -o FILE if it exists (-o FILE writes 0600, through a temporary file and a rename, instead of stdout)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -l allow-disabled -d 'Deliver the credentials of a disabled application too'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -s h -l help -d 'Print help'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand inject" -s V -l version -d 'Print version'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "init" -d 'Create a new store and its first member (--as NAME, default: your user name); asks for a passphrase twice'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "create" -d 'Register an application and issue its credentials'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "list" -d 'List applications, secrets masked'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "show" -d 'Show one application in full, secret masked'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "edit" -d 'Change the settings of an application; only what is passed changes'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "disable" -d 'Suspend an application: its credentials stop working'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "enable" -d 'Resume a disabled application'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "regenerate" -d 'Issue a new client secret'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "delete" -d 'Remove an application permanently'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "unlock" -d 'Open a session for scripts: prints `export REVVY_APPS_SESSION=...`'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "lock" -d 'End the current session (REVVY_APPS_SESSION), or every session with --all'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "apply" -d 'Make the store match a TOML manifest: create, update (and with --prune delete)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "run" -d 'Run a command with credentials in its environment, never on a command line'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "export" -d 'Write credentials for another tool: shell, dotenv, JSON, a Kubernetes Secret, GitHub Actions'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "verify" -d 'Check a client secret read from stdin (never from the command line): exit 0 valid, 5 not'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "access" -d 'Manage who can unlock the store: members with a passphrase, a machine key or their own public key'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "passwd" -d 'Change your passphrase (the member you unlock as; ends open sessions)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "rekey" -d 'Make a new data key, seal every record and event again and the key to every member (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "backup" -d 'Write a consistent, still encrypted copy of the store'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "copy" -d 'Copy the whole store (members, applications, audit log) into a new store with its own id and data key'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "restore" -d 'Bring back a backup made by `backup` in place of the store, on purpose (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "accept-store" -d 'Accept the store now at --store on this machine, after it was replaced on purpose (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "log" -d 'Show the audit trail, oldest first'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "check" -d 'Verify every record, every lookup column and the audit chain; with --expiring, exit 8 on secrets due'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "status" -d 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "inject" -d 'Fill the {{ revvy://APP/FIELD }} references of a template with credentials (as `op inject` does)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and not __fish_seen_subcommand_from init create list show edit disable enable regenerate delete unlock lock apply run export verify access passwd rekey backup copy restore accept-store completions log check status inject help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "list" -d 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "add" -d 'Add a member: a passphrase (default), a machine key (--machine) or someone\'s public key (--recipient)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "remove" -d 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "grant" -d 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "revoke" -d 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)'
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'

# Names of applications and members, from a session or a key only (revvy-apps __complete).
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand show edit disable enable regenerate delete verify log run export" -f -a "(revvy-apps __complete apps 2>/dev/null)"
complete -c revvy-apps -l as -r -f -a "(revvy-apps __complete members 2>/dev/null)"
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -f -a "(revvy-apps __complete members 2>/dev/null)"
