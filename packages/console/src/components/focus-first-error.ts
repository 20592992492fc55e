/** After a refused submit, moves focus to the first invalid field of the form, in the order the fields are listed. */
export function focusFirstError(fieldIds: readonly string[], errors: Partial<Record<string, string>>): void {
  for (const id of fieldIds) {
    if (errors[id] === undefined) continue;
    document.getElementById(id)?.focus();
    return;
  }
}
