import { databaseTestConfig } from '@holdfast/db/vitest-config';

export default databaseTestConfig;
