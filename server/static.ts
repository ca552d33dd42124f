// The files in public/ (favicon.svg and favicon.ico, demo images), served before Remix so that
// a browser's or bot's GET /favicon.ico is a file and not a 404 rendered (and logged) by Remix.
import path from "node:path";
import express from "express";

export function publicFiles(root: string) {
  return express.static(path.join(root, "public"), { maxAge: "1h" });
}
