/** The built-in test provider moves no money and answers by card number (README, "Payments and the order lifecycle"). */
const testCards = [
  { number: '4242 4242 4242 4242', outcome: 'is approved' },
  { number: '4000 0000 0000 0002', outcome: 'is declined' },
  { number: '4000 0000 0000 9995', outcome: 'fails at the payment provider' },
  { number: '4000 0000 0000 0119', outcome: 'gets no answer in time (a 10 s wait)' },
];

export function TestCardsNote() {
  return (
    <aside className="test-cards" aria-labelledby="test-cards-heading">
      <h3 id="test-cards-heading">Test cards</h3>
      <p>This demo store takes no real money. Use any future expiry and any 3-digit CVC.</p>
      <ul>
        {testCards.map((card) => (
          <li key={card.number}>
            <code>{card.number}</code> {card.outcome}
          </li>
        ))}
      </ul>
    </aside>
  );
}
