"""The WeCom channel in a process: its API client, transport, callback server and start-up."""
