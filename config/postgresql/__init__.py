"""PostgreSQL as Django ships it, with deadlines of our own (ENGINE "config.postgresql")."""
