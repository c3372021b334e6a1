// What the Cloud API channel keeps about the people it talks to: when each last wrote (their message opens the
// 24-hour customer-service window) and the delivery statuses Graph reports. SQL in db/contacts-sql.ts.
import type { Statement } from '../../kernel/database.js';

/** A delivery status of one message we sent, as a webhook reports it. */
export interface DeliveryStatus {
  readonly wamid: string;
  /** sent | delivered | read | failed */
  readonly status: string;
  readonly recipientId: string;
  readonly at: number;
  readonly errorCode: number | null;
  readonly errorTitle: string | null;
}

export interface CloudContactStore {
  /** When the user last wrote to us (epoch ms); undefined when they never did. */
  lastInboundAt(userId: string): Promise<number | undefined>;
  /** The WhatsApp profile name last seen for the user, if any. */
  profileName(userId: string): Promise<string | null | undefined>;
  /** An inbound message at `at`: keeps the latest time and the newest known profile name. */
  recordInbound(userId: string, at: number, profileName: string | null, now: number): Statement;
  /** Recorded once per message and status; a redelivered status changes nothing. */
  recordStatus(status: DeliveryStatus, now: number): Statement;
}
