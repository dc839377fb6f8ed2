/** A labelled password field of the export and import forms. */
export function PasswordField({
  label,
  value,
  onChange,
  testId,
  autoComplete,
  disabled = false,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
  /** `new-password` where the password is chosen, `current-password` where it is typed again. */
  readonly autoComplete: 'new-password' | 'current-password';
  readonly disabled?: boolean;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="text-input"
        type="password"
        autoComplete={autoComplete}
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </label>
  );
}
