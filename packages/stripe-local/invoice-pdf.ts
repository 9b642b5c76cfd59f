// The invoice PDF behind `invoice.invoice_pdf`: a one-page PDF 1.4 document (number, dates, lines, totals) that a
// browser or pdftoppm opens, so a tenant's "PDF" link leads to a real file as Stripe's does. Hand-written rather
// than a PDF library: the emulator has no dependencies, and one page of Helvetica text needs none.

import { money } from "./html";
import type { Invoice } from "./types";

/** Characters outside ASCII that invoice text uses, as WinAnsiEncoding octets (the rest become "?"). */
const WIN_ANSI: Record<string, number> = { "€": 0x80, "•": 0x95, "–": 0x96, "—": 0x97, "×": 0xd7, "é": 0xe9, "ü": 0xfc, "ö": 0xf6, "ä": 0xe4 };

/** A PDF string literal in WinAnsi, every byte outside printable ASCII written as an octal escape (the file stays ASCII). */
function pdfString(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    if (ch === "(" || ch === ")" || ch === "\\") out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += `\\${(WIN_ANSI[ch] ?? 63).toString(8).padStart(3, "0")}`;
  }
  return `(${out})`;
}

const day = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

/** Text lines of the page, top to bottom: [x, y, size, text]. A4 is 595 × 842 points. */
function layout(inv: Invoice): Array<[number, number, number, string]> {
  const out: Array<[number, number, number, string]> = [];
  let y = 790;
  const put = (x: number, size: number, text: string, gap = size + 6) => {
    out.push([x, y, size, text]);
    y -= gap;
  };
  put(50, 9, "stripe-local test mode - not a real invoice", 24);
  put(50, 20, `Invoice ${inv.number ?? inv.id}`, 30);
  put(50, 10, `Date of issue: ${day(inv.status_transitions.finalized_at ?? inv.created)}`);
  put(50, 10, `Billed to: ${inv.customer_name ?? inv.customer_email ?? inv.customer}`);
  put(50, 10, `Status: ${inv.status}`, 30);
  for (const line of inv.lines.data) {
    out.push([50, y, 10, (line.description ?? "").slice(0, 80)]);
    put(450, 10, money(line.amount, line.currency));
  }
  y -= 14;
  for (const [label, amount] of [
    ["Subtotal", inv.subtotal],
    ["Total", inv.total],
    ["Amount paid", inv.amount_paid],
    ["Amount remaining", inv.amount_remaining],
  ] as const) {
    out.push([300, y, 10, label]);
    put(450, 10, money(amount, inv.currency));
  }
  return out;
}

/** The PDF document for `inv`, as an ASCII string whose length is its byte length. */
export function renderInvoicePdf(inv: Invoice): string {
  const content = layout(inv)
    .map(([x, y, size, text]) => `BT /F1 ${size} Tf ${x} ${y} Td ${pdfString(text)} Tj ET`)
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfString(`Invoice ${inv.number ?? inv.id}`)} /Producer (stripe-local) >>`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
}
