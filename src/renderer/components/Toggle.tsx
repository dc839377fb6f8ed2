interface ToggleProps {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly checked: boolean;
  readonly onChange: (value: boolean) => void;
}

/** A labelled on/off setting: a native checkbox drawn as a switch (keyboard and screen readers as usual). */
export function Toggle({ id, label, hint, checked, onChange }: ToggleProps) {
  return (
    <label className="toggle-row" htmlFor={id}>
      <span className="toggle-text">
        <span className="field-label">{label}</span>
        <span className="field-help">{hint}</span>
      </span>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="toggle"
        data-testid={id}
        checked={checked}
        onChange={(e) => {
          onChange(e.target.checked);
        }}
      />
    </label>
  );
}
