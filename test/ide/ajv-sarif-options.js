// ajv-cli options for the SARIF 2.1.0 schema: its "language" pattern has a
// stray ']' that only non-unicode regular expressions accept; URI formats.
module.exports = function (ajv) {
  ajv.opts.unicodeRegExp = false;
  require("ajv-formats")(ajv);
  return ajv;
};
