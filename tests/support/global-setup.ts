import { createTemplate, dropDatabase, testServerUrl } from "./database";

/** On PostgreSQL, one migrated template per run; each test database is a copy of it. */
export default async function setup() {
  const serverUrl = testServerUrl;
  if (!serverUrl) return;
  const template = `modalis_test_template_${process.pid}`;
  process.env.MODALIS_TEST_TEMPLATE = template;
  await createTemplate(serverUrl, template);
  return async () => {
    await dropDatabase(serverUrl, template);
  };
}
