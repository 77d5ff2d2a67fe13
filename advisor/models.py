"""The intake lives here (a later issue); for now the app only owns the staff groups' migration."""
