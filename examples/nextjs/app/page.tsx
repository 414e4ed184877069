import { redirect } from 'next/navigation';

const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Start: a room and your name, then the room's page (a plain form: no JavaScript needed). */
export default async function Home({
  searchParams,
}: {
  searchParams: Promise<{ room?: string; name?: string }>;
}) {
  const { room, name } = await searchParams;
  const wanted = room?.trim();
  if (wanted && ROOM_NAME.test(wanted)) {
    redirect(`/rooms/${wanted}?name=${encodeURIComponent(name?.trim() || 'Guest')}`);
  }
  return (
    <main className="home">
      <h1>Video rooms on Next.js</h1>
      <form className="card" action="/">
        <label>
          Room
          <input name="room" defaultValue={room ?? 'standup'} required pattern={ROOM_NAME.source} />
        </label>
        <label>
          Your name
          <input name="name" defaultValue={name ?? ''} required maxLength={40} />
        </label>
        {wanted ? (
          <p role="alert">A room name is letters, digits, dots, dashes or underscores.</p>
        ) : null}
        <button type="submit">Join</button>
      </form>
    </main>
  );
}
