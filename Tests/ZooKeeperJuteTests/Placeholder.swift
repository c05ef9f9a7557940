// Placeholder so the target compiles until its first real test lands; delete it then.
