// Whether a cell's compiled output can run user code. tslab runs every cell with vm's
// breakOnSigint, which starts and joins a watchdog thread per run: ~0.05 ms on an idle machine,
// 8–10 ms on a loaded one (the join waits for the thread to be scheduled), the largest part of a
// trivial cell there. Code that calls nothing cannot block, so it needs no watchdog; anything that
// may call code (a call, a property read that may hit a getter, an operator on a non-literal, a
// loop, a class, an import) keeps it, so interrupt_request still stops such cells.
import * as ts from "@tslab/typescript-for-tslab";

/** The CommonJS marker the ES module → CommonJS transpile puts first (tslab's own exports proxy). */
const ES_MODULE_MARKER = 'Object.defineProperty(exports, "__esModule", { value: true });';

/** Declarations, literals and assignments only: true when `js` (a cell's output) runs no user code. */
export function runsNoUserCode(js: string): boolean {
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  if ((file as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length) return false;
  const locals = new Set<string>(["exports"]);
  for (const stmt of file.statements) {
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) locals.add(d.name.text);
    } else if (ts.isFunctionDeclaration(stmt) && stmt.name !== undefined) {
      locals.add(stmt.name.text);
    }
  }
  return file.statements.every((stmt) => inertStatement(stmt, file, locals));
}

function inertStatement(stmt: ts.Statement, file: ts.SourceFile, locals: ReadonlySet<string>): boolean {
  if (ts.isEmptyStatement(stmt)) return true;
  // A function declaration runs nothing until called (and calling it is a call elsewhere).
  if (ts.isFunctionDeclaration(stmt)) return true;
  if (ts.isExpressionStatement(stmt)) return stmt.getText(file) === ES_MODULE_MARKER || inert(stmt.expression, locals);
  if (!ts.isVariableStatement(stmt)) return false;
  return stmt.declarationList.declarations.every((d) =>
    ts.isIdentifier(d.name) && (d.initializer === undefined || inert(d.initializer, locals)));
}

/** Reading or assigning the cell's own top-level names or `exports.x` (plain data on tslab's exports object). */
function inertReference(e: ts.Expression, locals: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(e)) return locals.has(e.text) || e.text === "undefined";
  return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "exports" && ts.isIdentifier(e.name);
}

function literal(e: ts.Expression): boolean {
  switch (e.kind) {
    case ts.SyntaxKind.NumericLiteral: case ts.SyntaxKind.BigIntLiteral: case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral: case ts.SyntaxKind.TrueKeyword: case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
    default:
      return ts.isParenthesizedExpression(e) ? literal(e.expression)
        : ts.isPrefixUnaryExpression(e) ? literal(e.operand)
        : ts.isVoidExpression(e) ? literal(e.expression)
        // operators on primitives call nothing; on objects they may call valueOf/toString
        : ts.isBinaryExpression(e) && e.operatorToken.kind !== ts.SyntaxKind.EqualsToken ? literal(e.left) && literal(e.right)
        : false;
  }
}

function inertProperty(p: ts.ObjectLiteralElementLike, locals: ReadonlySet<string>): boolean {
  if (p.name !== undefined && ts.isComputedPropertyName(p.name)) return false;
  if (ts.isPropertyAssignment(p)) return inert(p.initializer, locals);
  if (ts.isShorthandPropertyAssignment(p)) return p.objectAssignmentInitializer === undefined && inertReference(p.name, locals);
  // methods and accessors are defined, not run
  return ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p);
}

function inert(e: ts.Expression, locals: ReadonlySet<string>): boolean {
  if (literal(e) || inertReference(e, locals) || ts.isRegularExpressionLiteral(e)) return true;
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return true; // defined, not run
  if (ts.isParenthesizedExpression(e)) return inert(e.expression, locals);
  if (ts.isPrefixUnaryExpression(e)) return e.operator === ts.SyntaxKind.ExclamationToken && inert(e.operand, locals);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => ts.isOmittedExpression(x) || (!ts.isSpreadElement(x) && inert(x, locals)));
  if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => inertProperty(p, locals));
  if (ts.isConditionalExpression(e)) return inert(e.condition, locals) && inert(e.whenTrue, locals) && inert(e.whenFalse, locals);
  if (!ts.isBinaryExpression(e)) return false;
  switch (e.operatorToken.kind) {
    case ts.SyntaxKind.EqualsToken:
      return inertReference(e.left, locals) && inert(e.right, locals);
    case ts.SyntaxKind.CommaToken: case ts.SyntaxKind.AmpersandAmpersandToken: case ts.SyntaxKind.BarBarToken:
    case ts.SyntaxKind.QuestionQuestionToken: // truthiness and nullishness call nothing
      return inert(e.left, locals) && inert(e.right, locals);
    default:
      return false;
  }
}
