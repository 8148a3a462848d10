// Validates an AsyncAPI document with the AsyncAPI Initiative's own parser (npm
// @asyncapi/parser): the 3.0 JSON Schema plus its semantic rules. Prints every
// diagnostic and exits 1 on any error or warning.
// Usage: NODE_PATH=<node_modules> node infra/scripts/validate-asyncapi.cjs docs/asyncapi.json
const fs = require("fs");
const { Parser, DiagnosticSeverity } = require("@asyncapi/parser");

async function main() {
  const file = process.argv[2];
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(fs.readFileSync(file, "utf8"), { source: file });
  const serious = diagnostics.filter(
    (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning,
  );
  for (const d of diagnostics) {
    const level = ["error", "warning", "info", "hint"][d.severity] || d.severity;
    console.log(`${file}: ${level} ${d.code} at /${(d.path || []).join("/")}: ${d.message}`);
  }
  if (!document || serious.length > 0) {
    console.log(`${file}: not a valid AsyncAPI document (${serious.length} errors or warnings)`);
    process.exit(1);
  }
  console.log(`${file}: valid AsyncAPI ${document.version()} (${document.allMessages().length} messages)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
