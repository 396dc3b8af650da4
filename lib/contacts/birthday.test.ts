import { describe, expect, it } from "vitest";
import { parseBirthday } from "@/lib/contacts/birthday";

describe("parseBirthday", () => {
  it.each<[string | null, ReturnType<typeof parseBirthday>]>([
    ["1984-03-09", { year: "1984", month: "03", day: "09" }],
    ["19840309", { year: "1984", month: "03", day: "09" }],
    [" 1984-03-09 ", { year: "1984", month: "03", day: "09" }],
    ["1990-01-01", { year: "1990", month: "01", day: "01" }],
    ["1990-12-31", { year: "1990", month: "12", day: "31" }],
    ["--12-31", { year: null, month: "12", day: "31" }],
    ["--1231", { year: null, month: "12", day: "31" }],
    ["1990-00-10", null],
    ["1990-13-01", null],
    ["1990-01-00", null],
    ["1990-01-32", null],
    ["x1990-01-01", null],
    ["1990-01-01x", null],
    ["12-31", null],
    ["March 9th", null],
    ["", null],
    [null, null],
  ])("reads %j as %j", (birthday, expected) => {
    expect(parseBirthday(birthday)).toEqual(expected);
  });
});
