import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** One Direct Line conversation held in memory: its user, its activity log and its turn queue. */
export interface DirectLineConversation {
  readonly id: string;
  readonly userId: string;
  /** The log's tail; `firstSeq` is the watermark of `activities[0]`. */
  activities: Activity[];
  firstSeq: number;
  /** True once the bot has been told the user joined (the welcome turn). */
  started: boolean;
  /** Turns run one after another per conversation, so the bot's state is never read and written twice at once. */
  queue: Promise<void>;
  lastUsed: number;
}

/**
 * What data-rights code ("forget me") may do to Direct Line transcripts, whatever store holds them.
 * Asynchronous, so a store in Blob storage fits the same shape.
 */
export interface TranscriptEraser {
  /** Erases the activities of `conversationId` so far and keeps it open; false when it is unknown or expired. */
  eraseTranscript(conversationId: string): Promise<boolean>;
  /** Deletes every conversation bound to `userId` (the user a token names); resolves to how many. */
  deleteConversationsOf(userId: string): Promise<number>;
}

/** Limits of the in-memory store. */
export interface ActivityLogLimits {
  maxConversations: number;
  maxActivitiesPerConversation: number;
  idleExpiryMs: number;
}

/** Default limits: 10,000 live conversations, the last 500 activities of each, dropped after 2 hours without a request. */
export const DEFAULT_STORE_LIMITS: ActivityLogLimits = {
  maxConversations: 10_000,
  maxActivitiesPerConversation: 500,
  idleExpiryMs: 2 * 60 * 60 * 1000,
};

/**
 * Conversations in memory, bounded in count and log length, expired after an idle period. The Map's
 * insertion order is kept as least-recently-used first, so expiry only looks at its head. A live
 * conversation is never evicted to make room: when the store is full, no new one is opened.
 */
export class ActivityLogStore implements TranscriptEraser {
  private readonly conversations = new Map<string, DirectLineConversation>();

  constructor(
    readonly limits: ActivityLogLimits = DEFAULT_STORE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a conversation for `userId` (a random one when omitted); undefined when `maxConversations` live ones are held. */
  create(userId?: string): DirectLineConversation | undefined {
    this.sweep();
    if (this.conversations.size >= this.limits.maxConversations) return undefined;
    const conversation: DirectLineConversation = {
      id: randomBytes(16).toString('base64url'),
      userId: userId ?? `dl_${randomBytes(12).toString('base64url')}`,
      activities: [],
      firstSeq: 0,
      started: false,
      queue: Promise.resolve(),
      lastUsed: this.now(),
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** The live conversation with `id`, marked as used now; undefined when unknown or expired. */
  get(id: string): DirectLineConversation | undefined {
    this.sweep();
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    conversation.lastUsed = this.now();
    this.conversations.delete(id);
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** Appends `activity` with the next watermark and returns that watermark; drops the log's head beyond the limit. */
  append(conversation: DirectLineConversation, activity: Activity): number {
    const seq = conversation.firstSeq + conversation.activities.length;
    conversation.activities.push(activity);
    const excess = conversation.activities.length - this.limits.maxActivitiesPerConversation;
    if (excess > 0) {
      conversation.activities.splice(0, excess);
      conversation.firstSeq += excess;
    }
    return seq;
  }

  /** The activities after `watermark` (all retained ones when absent) and the watermark to ask with next. */
  since(conversation: DirectLineConversation, watermark: number | undefined): { activities: Activity[]; watermark: number } {
    const end = conversation.firstSeq + conversation.activities.length;
    const from = Math.max(watermark ?? 0, conversation.firstSeq) - conversation.firstSeq;
    return { activities: conversation.activities.slice(from), watermark: end };
  }

  /**
   * Erases what the conversation's log holds so far (for "forget me"); the conversation stays open and
   * its watermarks keep counting, so what is appended next (the confirmation) still reaches the client.
   * False when there is no such live conversation.
   */
  async eraseTranscript(conversationId: string): Promise<boolean> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return false;
    conversation.firstSeq += conversation.activities.length;
    conversation.activities = [];
    return true;
  }

  /** Deletes every conversation of `userId`, log and all (their tokens then get 404); resolves to how many. */
  async deleteConversationsOf(userId: string): Promise<number> {
    let deleted = 0;
    for (const [id, conversation] of this.conversations) {
      if (conversation.userId !== userId) continue;
      this.conversations.delete(id);
      deleted += 1;
    }
    return deleted;
  }

  /** How many conversations are held (for health checks and tests). */
  get size(): number {
    return this.conversations.size;
  }

  private sweep(): void {
    const cutoff = this.now() - this.limits.idleExpiryMs;
    for (const [id, conversation] of this.conversations) {
      if (conversation.lastUsed > cutoff) break;
      this.conversations.delete(id);
    }
  }
}
