import { Migration } from '@mikro-orm/migrations';

export class Migration20261201232445_limited_attempts extends Migration {
  override name = 'Migration20261201232445_limited_attempts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "limited_attempt" ("id" bigserial primary key, "key" varchar(400) not null, "at" timestamptz not null);`,
    );
    this.addSql(`create index "limited_attempt_key_at_index" on "limited_attempt" ("key", "at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "limited_attempt" cascade;`);
  }
}
