const MUTED_KEY = 'naer.board.cueMuted';

/**
 * The sound a new red alert makes on the board: two short tones (Web Audio, nothing to download),
 * unless muted; the choice is remembered on this device. Browsers allow sound only after the user has
 * interacted with the page, so the first cue may be silent; the visible cue never is.
 */
export class RedCue {
  muted = $state(false);
  /** How many cues were played (a test reads it from the page; sound cannot be heard headless). */
  played = $state(0);
  #context: AudioContext | null = null;

  constructor() {
    try {
      this.muted = localStorage.getItem(MUTED_KEY) === '1';
    } catch {
      this.muted = false;
    }
  }

  toggle(): void {
    this.muted = !this.muted;
    try {
      localStorage.setItem(MUTED_KEY, this.muted ? '1' : '0');
    } catch {
      // Private mode: the choice lasts until the page is closed.
    }
  }

  play(): void {
    if (this.muted) return;
    this.played += 1;
    try {
      this.#context ??= new AudioContext();
      const ctx = this.#context;
      void ctx.resume();
      for (const [offset, frequency] of [[0, 880], [0.22, 660]] as const) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, ctx.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + offset + 0.18);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + offset);
        osc.stop(ctx.currentTime + offset + 0.2);
      }
    } catch {
      // No audio device: the visible and announced cue still shows.
    }
  }

  dispose(): void {
    void this.#context?.close();
    this.#context = null;
  }
}
