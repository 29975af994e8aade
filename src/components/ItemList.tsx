/** A list that says so when it is empty (« Aucun rendez-vous à venir. ») rather than showing nothing. */
export function ItemList<Item extends { id: string }>({
  items,
  empty,
  className,
  itemClassName,
  children,
}: {
  items: readonly Item[];
  empty: string;
  className?: string;
  itemClassName?: string;
  children: (item: Item) => React.ReactNode;
}) {
  return (
    <ul className={className}>
      {items.map((item) => (
        <li key={item.id} className={itemClassName}>
          {children(item)}
        </li>
      ))}
      {items.length === 0 ? <li className={itemClassName}>{empty}</li> : null}
    </ul>
  );
}
