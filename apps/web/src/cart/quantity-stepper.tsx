import { type KeyboardEvent, useState } from 'react';

interface Props {
  /** What the quantity is of, for screen readers: "Desk lamp, Brass". */
  itemLabel: string;
  quantity: number;
  disabled: boolean;
  onChange: (quantity: number) => void;
}

export function QuantityStepper({ itemLabel, quantity, disabled, onChange }: Props) {
  const [draft, setDraft] = useState(String(quantity));
  const [lastQuantity, setLastQuantity] = useState(quantity);
  // the server's answer wins over whatever was typed
  if (quantity !== lastQuantity) {
    setLastQuantity(quantity);
    setDraft(String(quantity));
  }

  function commitDraft() {
    const typed = Math.trunc(Number(draft));
    if (!Number.isFinite(typed) || typed < 0) return setDraft(String(quantity));
    if (typed !== quantity) onChange(typed);
  }

  function commitOnEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      commitDraft();
    }
  }

  return (
    <div className="quantity-stepper">
      <button
        type="button"
        aria-label={`One fewer ${itemLabel}`}
        disabled={disabled || quantity <= 1}
        onClick={() => onChange(quantity - 1)}
      >
        −
      </button>
      <input
        type="number"
        inputMode="numeric"
        min={0}
        aria-label={`Quantity of ${itemLabel}`}
        value={draft}
        disabled={disabled}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commitDraft}
        onKeyDown={commitOnEnter}
      />
      <button
        type="button"
        aria-label={`One more ${itemLabel}`}
        disabled={disabled}
        onClick={() => onChange(quantity + 1)}
      >
        +
      </button>
    </div>
  );
}
