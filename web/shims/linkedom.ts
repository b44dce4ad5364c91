// linkedom in the browser bundle: the page draws on its own document (setPlotDocument), never on linkedom.
export function parseHTML(): never {
  throw new Error("plots in the browser draw on the page's document: call setPlotDocument(document) first");
}
