// The statistics module: see the issue on trend signals.
