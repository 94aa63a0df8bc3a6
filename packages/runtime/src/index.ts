// Public API of @rill/runtime; each module adds its exports here.
