/**
 * Perfect negotiation's roles (W3C WebRTC §10.7): both sides may offer; on a collision the impolite
 * peer keeps its offer and the polite one rolls back. Both sides must agree who is who, hence ids.
 */
export function isPolite(selfPeerId: string, otherPeerId: string): boolean {
  return selfPeerId > otherPeerId;
}

export interface OfferContext {
  type: RTCSdpType;
  polite: boolean;
  makingOffer: boolean;
  signalingState: RTCSignalingState;
  settingRemoteAnswerPending: boolean;
}

/** Whether an incoming description collides with our own offer, and whether we drop it (only the impolite peer does). */
export function incoming(context: OfferContext): { collision: boolean; ignore: boolean } {
  const readyForOffer = !context.makingOffer && (context.signalingState === 'stable' || context.settingRemoteAnswerPending);
  const collision = context.type === 'offer' && !readyForOffer;
  return { collision, ignore: collision && !context.polite };
}
