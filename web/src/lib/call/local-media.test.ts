import { describe, expect, it, vi } from 'vitest';
import { openLocalMedia } from './local-media';

const stream = (kinds: string[]) => ({ getVideoTracks: () => kinds.filter((k) => k === 'video'), getTracks: () => kinds }) as unknown as MediaStream;
const failure = (name: string) => Object.assign(new Error(name), { name });

describe('opening camera and microphone', () => {
  it('sends video and sound when both open', async () => {
    const media = await openLocalMedia(async () => stream(['audio', 'video']));
    expect(media).toMatchObject({ mode: 'camera', problem: null });
  });

  it('falls back to sound only when there is no camera', async () => {
    const getUserMedia = vi.fn(async (c: MediaStreamConstraints) => (c.video ? Promise.reject(failure('NotFoundError')) : stream(['audio'])));
    const media = await openLocalMedia(getUserMedia);
    expect(media).toMatchObject({ mode: 'audio-only', problem: 'no-camera' });
    expect(getUserMedia).toHaveBeenLastCalledWith({ audio: true });
  });

  it('falls back to sound only, and says why, when the camera is not allowed', async () => {
    const media = await openLocalMedia(async (c) => (c.video ? Promise.reject(failure('NotAllowedError')) : stream(['audio'])));
    expect(media).toMatchObject({ mode: 'audio-only', problem: 'camera-blocked' });
  });

  it('joins to watch and listen when neither camera nor microphone opens', async () => {
    const media = await openLocalMedia(async () => Promise.reject(failure('NotAllowedError')));
    expect(media).toEqual({ stream: null, mode: 'none', problem: 'no-media' });
  });
});
