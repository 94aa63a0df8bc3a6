// Public API of @rill/client: bootstrap, metadata cache, routing, produce, fetch and admin.
export {};
