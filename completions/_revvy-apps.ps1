
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'revvy-apps' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'revvy-apps'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'revvy-apps' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new store and its first member (--as NAME, default: your user name); asks for a passphrase twice')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Register an application and issue its credentials')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List applications, secrets masked')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one application in full, secret masked')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the settings of an application; only what is passed changes')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Suspend an application: its credentials stop working')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Resume a disabled application')
            [CompletionResult]::new('regenerate', 'regenerate', [CompletionResultType]::ParameterValue, 'Issue a new client secret')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove an application permanently')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Open a session for scripts: prints `export REVVY_APPS_SESSION=...`')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the current session (REVVY_APPS_SESSION), or every session with --all')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the store match a TOML manifest: create, update (and with --prune delete)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with credentials in its environment, never on a command line')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write credentials for another tool: shell, dotenv, JSON, a Kubernetes Secret, GitHub Actions')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a client secret read from stdin (never from the command line): exit 0 valid, 5 not')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Manage who can unlock the store: members with a passphrase, a machine key or their own public key')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change your passphrase (the member you unlock as; ends open sessions)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Make a new data key, seal every record and event again and the key to every member (confirms; --yes off a terminal)')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a consistent, still encrypted copy of the store')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store (members, applications, audit log) into a new store with its own id and data key')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring back a backup made by `backup` in place of the store, on purpose (confirms; --yes off a terminal)')
            [CompletionResult]::new('accept-store', 'accept-store', [CompletionResultType]::ParameterValue, 'Accept the store now at --store on this machine, after it was replaced on purpose (confirms; --yes off a terminal)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the audit trail, oldest first')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Verify every record, every lookup column and the audit chain; with --expiring, exit 8 on secrets due')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Fill the {{ revvy://APP/FIELD }} references of a template with credentials (as `op inject` does)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'revvy-apps;init' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--kdf-memory', '--kdf-memory', [CompletionResultType]::ParameterName, 'Argon2id memory in MiB [default: 256; at least 19]')
            [CompletionResult]::new('--kdf-iterations', '--kdf-iterations', [CompletionResultType]::ParameterName, 'Argon2id passes [default: 3; at least 2]')
            [CompletionResult]::new('--kdf-parallelism', '--kdf-parallelism', [CompletionResultType]::ParameterName, 'Argon2id lanes [default: 4]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;create' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the application (1-100 characters, unique, case-insensitive)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Allowed grant type (repeatable): client_credentials, authorization_code (code), refresh_token (refresh), device-code, token-exchange, jwt-bearer')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (repeatable; a space-separated list is split)')
            [CompletionResult]::new('--callback-url', '--callback-url', [CompletionResultType]::ParameterName, 'Callback URL (repeatable)')
            [CompletionResult]::new('--signout-url', '--signout-url', [CompletionResultType]::ParameterName, 'Sign-out URL (repeatable)')
            [CompletionResult]::new('--access-token-lifetime', '--access-token-lifetime', [CompletionResultType]::ParameterName, 'Access token lifetime: seconds, or 90s, 15m, 1h, 7d (300s to 1d; a new application gets 1h)')
            [CompletionResult]::new('--refresh-token-lifetime', '--refresh-token-lifetime', [CompletionResultType]::ParameterName, 'Refresh token lifetime, with the refresh_token grant (30d when the grant comes without one)')
            [CompletionResult]::new('--secret-lifetime', '--secret-lifetime', [CompletionResultType]::ParameterName, 'How long a secret lives from its issue: 1d to 730d, or none (a new application gets the config''s secret_lifetime, else none)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant the application belongs to (a new application: default)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--multi-tenant', '--multi-tenant', [CompletionResultType]::ParameterName, 'Let the application serve several tenants')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'If an application of this name exists, print it unchanged and exit 0')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only applications with this status: active or disabled')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only applications of this tenant')
            [CompletionResult]::new('--name-contains', '--name-contains', [CompletionResultType]::ParameterName, 'Only applications whose name contains this text (case-insensitive)')
            [CompletionResult]::new('--expiring', '--expiring', [CompletionResultType]::ParameterName, 'Only applications whose secret has expired or expires within this time (e.g. 30d); shows the Expires column')
            [CompletionResult]::new('--unused-since', '--unused-since', [CompletionResultType]::ParameterName, 'Only applications with no successful verify in this time (e.g. 90d; never-used ones older than that count)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Add the columns Expires, Last Used and Old Secret Used (a grace period''s), as in 9d or 3h ago')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;edit' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Rename the application')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Allowed grant type (repeatable): client_credentials, authorization_code (code), refresh_token (refresh), device-code, token-exchange, jwt-bearer')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (repeatable; a space-separated list is split)')
            [CompletionResult]::new('--callback-url', '--callback-url', [CompletionResultType]::ParameterName, 'Callback URL (repeatable)')
            [CompletionResult]::new('--signout-url', '--signout-url', [CompletionResultType]::ParameterName, 'Sign-out URL (repeatable)')
            [CompletionResult]::new('--access-token-lifetime', '--access-token-lifetime', [CompletionResultType]::ParameterName, 'Access token lifetime: seconds, or 90s, 15m, 1h, 7d (300s to 1d; a new application gets 1h)')
            [CompletionResult]::new('--refresh-token-lifetime', '--refresh-token-lifetime', [CompletionResultType]::ParameterName, 'Refresh token lifetime, with the refresh_token grant (30d when the grant comes without one)')
            [CompletionResult]::new('--secret-lifetime', '--secret-lifetime', [CompletionResultType]::ParameterName, 'How long a secret lives from its issue: 1d to 730d, or none (a new application gets the config''s secret_lifetime, else none)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant the application belongs to (a new application: default)')
            [CompletionResult]::new('--multi-tenant', '--multi-tenant', [CompletionResultType]::ParameterName, 'Let the application serve several tenants: true or false')
            [CompletionResult]::new('--add-grant', '--add-grant', [CompletionResultType]::ParameterName, 'Add one grant type')
            [CompletionResult]::new('--remove-grant', '--remove-grant', [CompletionResultType]::ParameterName, 'Remove one grant type')
            [CompletionResult]::new('--add-scope', '--add-scope', [CompletionResultType]::ParameterName, 'Add one scope')
            [CompletionResult]::new('--remove-scope', '--remove-scope', [CompletionResultType]::ParameterName, 'Remove one scope')
            [CompletionResult]::new('--add-callback-url', '--add-callback-url', [CompletionResultType]::ParameterName, 'Add one callback URL')
            [CompletionResult]::new('--remove-callback-url', '--remove-callback-url', [CompletionResultType]::ParameterName, 'Remove one callback URL')
            [CompletionResult]::new('--add-signout-url', '--add-signout-url', [CompletionResultType]::ParameterName, 'Add one sign-out URL')
            [CompletionResult]::new('--remove-signout-url', '--remove-signout-url', [CompletionResultType]::ParameterName, 'Remove one sign-out URL')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--editor', '--editor', [CompletionResultType]::ParameterName, 'Edit the settings as TOML in $VISUAL / $EDITOR (the default on a terminal without options)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;disable' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;enable' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;regenerate' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Keep the current secret valid this long (e.g. 1h, 7d; at most 30d)')
            [CompletionResult]::new('--secret-lifetime', '--secret-lifetime', [CompletionResultType]::ParameterName, 'The new secret''s lifetime: 1d to 730d, or none [default: the application''s]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;delete' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;unlock' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the session lasts: 90s, 15m, 8h ...(at most 24h)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;lock' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'End every open session, not only the current one')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;apply' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The manifest (TOML, one [[application]] table per app); `-` reads stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The manifest (TOML, one [[application]] table per app); `-` reads stdin')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also delete the applications the manifest does not name (confirms; --yes off a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;run' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Name one application''s variables PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Also set NAME to a field of an application, listed or not (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--allow-disabled', '--allow-disabled', [CompletionResultType]::ParameterName, 'Deliver the credentials of a disabled application too')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;export' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Name one application''s variables PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Also set NAME to a field of an application, listed or not (repeatable)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The form to write: env (POSIX shell), dotenv, json, k8s (a v1 Secret) or github')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s name (k8s; default: the application''s name)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (k8s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--allow-disabled', '--allow-disabled', [CompletionResultType]::ParameterName, 'Deliver the credentials of a disabled application too')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the --output FILE if it exists (--output FILE writes 0600, through a temporary file and a rename, instead of stdout)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;verify' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;access' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'revvy-apps;access;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;access;add' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Write the machine member''s key to this file (0600; an existing file is never overwritten)')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'A recipient member: an age public key (age1...) or an OpenSSH ssh-ed25519 public key line')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read a passphrase member''s passphrase from the first line of this file')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'A scoped member: it reads only this application (name or client ID; repeatable)')
            [CompletionResult]::new('--only-tenant', '--only-tenant', [CompletionResultType]::ParameterName, 'A scoped member: it reads this tenant''s applications, now and later (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'A machine member: a new key, printed once (or written to --key-file)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;access;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;access;grant' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'A tenant, whole: its applications now and later (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;access;revoke' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'A tenant, whole: its applications now and later (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;access;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'revvy-apps;access;help;list' {
            break
        }
        'revvy-apps;access;help;add' {
            break
        }
        'revvy-apps;access;help;remove' {
            break
        }
        'revvy-apps;access;help;grant' {
            break
        }
        'revvy-apps;access;help;revoke' {
            break
        }
        'revvy-apps;access;help;help' {
            break
        }
        'revvy-apps;passwd' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read the new passphrase from the first line of this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;rekey' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;backup' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite FILE if it exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;copy' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The new store: a file path that does not exist yet, or a PostgreSQL URL whose schema holds no store')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;restore' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;accept-store' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--new-secret', '--new-secret', [CompletionResultType]::ParameterName, 'The store carries the id this machine knew but another secret (it was restored from a backup made before format 4): learn its secret anew at the next unlock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;log' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events since then: a duration (7d, 12h), a date (2026-12-03, in UTC), a time (2026-12-03 11:41, or RFC 3339), today or yesterday')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the last N events')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only events of this action (repeatable): create, edit, reveal, ...')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only events by this member (or with this REVVY_APPS_ACTOR note)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print the table straight to the terminal, not through $PAGER')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;check' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--expiring', '--expiring', [CompletionResultType]::ParameterName, 'Also exit 8 when an active application''s secret is expired or expires within this time (e.g. 30d)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;whoami' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;inject' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table or json (for export and inject: the file to write)')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from the first line of this file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Unlock as this passphrase member (when several have a passphrase)')
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Unlock with this key file: a machine member''s key, an age identity or an OpenSSH key')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The template; - or none reads stdin')
            [CompletionResult]::new('--in-file', '--in-file', [CompletionResultType]::ParameterName, 'The template; - or none reads stdin')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print client secrets in full (recorded in the audit log)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr, only errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed off a terminal for delete and regenerate)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the -o FILE if it exists (-o FILE writes 0600, through a temporary file and a rename, instead of stdout)')
            [CompletionResult]::new('--allow-disabled', '--allow-disabled', [CompletionResultType]::ParameterName, 'Deliver the credentials of a disabled application too')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'revvy-apps;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new store and its first member (--as NAME, default: your user name); asks for a passphrase twice')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Register an application and issue its credentials')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List applications, secrets masked')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one application in full, secret masked')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the settings of an application; only what is passed changes')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Suspend an application: its credentials stop working')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Resume a disabled application')
            [CompletionResult]::new('regenerate', 'regenerate', [CompletionResultType]::ParameterValue, 'Issue a new client secret')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove an application permanently')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Open a session for scripts: prints `export REVVY_APPS_SESSION=...`')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the current session (REVVY_APPS_SESSION), or every session with --all')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the store match a TOML manifest: create, update (and with --prune delete)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with credentials in its environment, never on a command line')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write credentials for another tool: shell, dotenv, JSON, a Kubernetes Secret, GitHub Actions')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a client secret read from stdin (never from the command line): exit 0 valid, 5 not')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Manage who can unlock the store: members with a passphrase, a machine key or their own public key')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change your passphrase (the member you unlock as; ends open sessions)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Make a new data key, seal every record and event again and the key to every member (confirms; --yes off a terminal)')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a consistent, still encrypted copy of the store')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store (members, applications, audit log) into a new store with its own id and data key')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring back a backup made by `backup` in place of the store, on purpose (confirms; --yes off a terminal)')
            [CompletionResult]::new('accept-store', 'accept-store', [CompletionResultType]::ParameterValue, 'Accept the store now at --store on this machine, after it was replaced on purpose (confirms; --yes off a terminal)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the audit trail, oldest first')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Verify every record, every lookup column and the audit chain; with --expiring, exit 8 on secrets due')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Fill the {{ revvy://APP/FIELD }} references of a template with credentials (as `op inject` does)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'revvy-apps;help;init' {
            break
        }
        'revvy-apps;help;create' {
            break
        }
        'revvy-apps;help;list' {
            break
        }
        'revvy-apps;help;show' {
            break
        }
        'revvy-apps;help;edit' {
            break
        }
        'revvy-apps;help;disable' {
            break
        }
        'revvy-apps;help;enable' {
            break
        }
        'revvy-apps;help;regenerate' {
            break
        }
        'revvy-apps;help;delete' {
            break
        }
        'revvy-apps;help;unlock' {
            break
        }
        'revvy-apps;help;lock' {
            break
        }
        'revvy-apps;help;apply' {
            break
        }
        'revvy-apps;help;run' {
            break
        }
        'revvy-apps;help;export' {
            break
        }
        'revvy-apps;help;verify' {
            break
        }
        'revvy-apps;help;access' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'revvy-apps;help;access;list' {
            break
        }
        'revvy-apps;help;access;add' {
            break
        }
        'revvy-apps;help;access;remove' {
            break
        }
        'revvy-apps;help;access;grant' {
            break
        }
        'revvy-apps;help;access;revoke' {
            break
        }
        'revvy-apps;help;access;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, kind, scope, when and by whom added, which one is in use (never a key)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member: a passphrase (default), a machine key (--machine) or someone''s public key (--recipient)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Give a scoped member more: applications by name or client ID, or whole tenants (now and later)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'revvy-apps;help;access;help;list' {
            break
        }
        'revvy-apps;help;access;help;add' {
            break
        }
        'revvy-apps;help;access;help;remove' {
            break
        }
        'revvy-apps;help;access;help;grant' {
            break
        }
        'revvy-apps;help;access;help;revoke' {
            break
        }
        'revvy-apps;help;access;help;help' {
            break
        }
        'revvy-apps;help;passwd' {
            break
        }
        'revvy-apps;help;rekey' {
            break
        }
        'revvy-apps;help;backup' {
            break
        }
        'revvy-apps;help;copy' {
            break
        }
        'revvy-apps;help;restore' {
            break
        }
        'revvy-apps;help;accept-store' {
            break
        }
        'revvy-apps;help;completions' {
            break
        }
        'revvy-apps;help;log' {
            break
        }
        'revvy-apps;help;check' {
            break
        }
        'revvy-apps;help;status' {
            break
        }
        'revvy-apps;help;inject' {
            break
        }
        'revvy-apps;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
