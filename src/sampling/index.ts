// The samplers moved to src/domains (one module for torus, box and time × space points); this
// folder stays as a re-export so that older imports of "../sampling" keep working.
export * from "../domains/samplers";
