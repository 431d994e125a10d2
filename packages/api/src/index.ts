export { type Context, createContext } from './context.ts';
export type { ErrorDetails, ShortItem } from './errors.ts';
export { type AppRouter, appRouter, createCaller } from './root.ts';
