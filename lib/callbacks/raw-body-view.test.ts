import { describe, expect, it } from "vitest";
import { bodyPreview, bodyView, indentJson, maxBodyViewChars } from "./raw-body-view";

describe("bodyView", () => {
  it("indents JSON by two spaces exactly as JSON.stringify would, keeping the sender's numbers and escapes", () => {
    const raw = '{"a":1.50,"b":[1,2,{"c":"x,y:{\\"}"}],"e":{},"f":[],"big":12345678901234567890}';
    const view = bodyView(raw);
    expect(view).toMatchObject({ format: "pretty", truncated: false });
    expect(view.text).toContain('"a": 1.50');
    expect(view.text).toContain('"big": 12345678901234567890');
    expect(view.text).toContain('"c": "x,y:{\\"}"');
    expect(JSON.parse(view.text)).toEqual(JSON.parse(raw));
    const plain = '{"x":{"y":[1,2]},"z":"w"}';
    expect(bodyView(plain).text).toBe(JSON.stringify(JSON.parse(plain), null, 2));
  });

  it("shows a body whose indentation would explode (8 KB nested 3,800 deep) as received, at its own size", () => {
    const raw = `{"deep":${"[".repeat(3800)}${"]".repeat(3800)}}`;
    const view = bodyView(raw);
    expect(view).toMatchObject({ format: "raw", truncated: false, text: raw });
  });

  it("shows what is not JSON as received, and cuts any view at a fixed size", () => {
    expect(bodyView("{not json")).toMatchObject({ format: "raw", text: "{not json" });
    const huge = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, index) => ({ index })) });
    const view = bodyView(huge);
    expect(view.truncated).toBe(true);
    expect(view.text.length).toBe(maxBodyViewChars);
    expect(view.totalChars).toBeGreaterThan(maxBodyViewChars);
  });

  it("gives up indenting as soon as the budget is passed", () => {
    expect(indentJson("[[[[1]]]]", 10)).toBeNull();
    expect(indentJson("[1]", 100)).toBe("[\n  1\n]");
  });
});

describe("bodyPreview", () => {
  it("names the ids an agent tells deliveries apart by", () => {
    const raw = JSON.stringify({ meta_object: { value: { messages: [{ id: "wamid.ABC", type: "contacts" }] } }, extra_info: { trace_id: "t-42", ref: "spring" } });
    expect(bodyPreview(raw)).toBe("id wamid.ABC · trace_id t-42 · ref spring");
  });

  it("falls back to the start of the text on one line, and never passes its length", () => {
    expect(bodyPreview("{not\n\n json at   all")).toBe("{not json at all");
    expect(bodyPreview("x".repeat(10_000))).toHaveLength(160);
    expect(bodyPreview(JSON.stringify({ id: "y".repeat(120), trace_id: "z".repeat(120) }))).toHaveLength(160);
  });
});
