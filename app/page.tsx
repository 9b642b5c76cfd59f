export default function HomePage() {
  return (
    <main>
      <h1>Asset Anchor Billing</h1>
    </main>
  );
}
