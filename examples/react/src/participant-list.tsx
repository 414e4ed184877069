import {
  useActiveSpeaker,
  useLocalMedia,
  useParticipants,
  useRemoteStreams,
  useRoomState,
} from '@opentok-rooms/react';
import type { ReactNode } from 'react';
import { nameFromData } from './config.js';

export function ParticipantList({ name }: { name: string }): ReactNode {
  const participants = useParticipants();
  const streams = useRemoteStreams();
  const speaker = useActiveSpeaker();
  const { connectionId } = useRoomState();
  const local = useLocalMedia();
  const people = [
    {
      id: connectionId ?? 'you',
      name: `${name} (you)`,
      audioOff: !local.microphoneEnabled || local.camera?.status === 'failed',
      videoOff: !local.cameraEnabled || local.camera?.status === 'failed',
      sharing: local.screen !== undefined,
    },
    ...participants.map((participant) => {
      const own = streams.filter((s) => s.connectionId === participant.connectionId);
      const camera = own.find((s) => s.videoType !== 'screen');
      return {
        id: participant.connectionId,
        name: nameFromData(participant.data),
        audioOff: !camera?.hasAudio,
        videoOff: !camera?.hasVideo,
        sharing: own.some((s) => s.videoType === 'screen'),
      };
    }),
  ];
  return (
    <ul className="people" data-testid="people">
      {people.map((person) => (
        <li key={person.id} data-speaking={person.id === speaker || undefined}>
          <span className="person-avatar" aria-hidden="true">
            {[...person.name][0]?.toUpperCase()}
          </span>
          <span className="person-name">{person.name}</span>
          <span className="person-flags">
            {person.sharing ? <span className="flag">Sharing</span> : null}
            {person.audioOff ? (
              <span className="flag off" role="img" aria-label="Microphone off">
                Muted
              </span>
            ) : null}
            {person.videoOff ? (
              <span className="flag off" role="img" aria-label="Camera off">
                No video
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
