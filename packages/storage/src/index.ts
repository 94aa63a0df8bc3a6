// Public API of @rill/storage; each module adds its exports here.
