/** What we send: camera and microphone, microphone only, or nothing (we still see and hear the others). */
export type MediaMode = 'camera' | 'audio-only' | 'none';

/** Why we send less than camera and microphone, for the notice. */
export type MediaProblem = 'no-camera' | 'camera-blocked' | 'no-media';

export interface LocalMedia {
  stream: MediaStream | null;
  mode: MediaMode;
  problem: MediaProblem | null;
}

type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

const nameOf = (error: unknown) => (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : '');
const blocked = (error: unknown) => ['NotAllowedError', 'SecurityError', 'PermissionDeniedError'].includes(nameOf(error));

/** Camera and microphone; microphone only when there is no camera or it is not allowed; nothing when neither works. */
export async function openLocalMedia(getUserMedia: GetUserMedia): Promise<LocalMedia> {
  let cameraError: unknown;
  try {
    const stream = await getUserMedia({ audio: true, video: true });
    if (stream.getVideoTracks().length > 0) return { stream, mode: 'camera', problem: null };
    return { stream, mode: 'audio-only', problem: 'no-camera' };
  } catch (error) {
    cameraError = error;
  }
  try {
    const stream = await getUserMedia({ audio: true });
    return { stream, mode: 'audio-only', problem: blocked(cameraError) ? 'camera-blocked' : 'no-camera' };
  } catch {
    return { stream: null, mode: 'none', problem: 'no-media' };
  }
}
