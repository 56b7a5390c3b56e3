"""taizhang's app shell: the App, the CLI entry, shared widgets and the app-wide stylesheet."""
