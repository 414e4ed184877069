// room-server's HTTP API as a Route Handler: it is a Fetch handler (Request in, Response out), so
// Next.js calls it as it is. POST /api/rooms/:name/join answers { apiKey, sessionId, token }.
import { roomHandler } from '../../../lib/rooms';

const handle = (request: Request): Promise<Response> => roomHandler()(request);

export { handle as GET, handle as POST };
