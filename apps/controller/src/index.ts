// Public API of @rill/controller: the controller process (a member of the metadata quorum).
export {};
