/** A setting the process cannot start with; its message is safe to print (it never quotes a value). */
export class ConfigError extends Error {}
