// Node-only helpers of @sluice/core (`@sluice/core/node`). The main entry stays web-standard.
export {};
