"use client";
export { default } from "../billing-error";
