/**
 * CodeMirror styles itself through style-mod, which writes a `<style>` element
 * into the document's head. The console's CSP (`style-src 'self'`) refuses
 * that element, so the editor would lose its layout (and contenteditable
 * would turn typed spaces into non-breaking ones). Shadow roots get a
 * constructed stylesheet instead, which CSP allows; this routes the document
 * to that same path through a stand-in root without a `head`.
 */
import { StyleModule } from 'style-mod';

type Root = Parameters<typeof StyleModule.mount>[0];

let installed = false;

export function routeStylesToConstructedSheets(): void {
  if (installed) return;
  installed = true;
  const doc = document;
  const standIn = {
    ownerDocument: doc,
    get adoptedStyleSheets() {
      return doc.adoptedStyleSheets;
    },
    set adoptedStyleSheets(sheets: CSSStyleSheet[]) {
      doc.adoptedStyleSheets = sheets;
    },
  } as unknown as Root;
  const mount = StyleModule.mount.bind(StyleModule);
  StyleModule.mount = (root, modules, options) => mount(root === doc ? standIn : root, modules, options);
}
