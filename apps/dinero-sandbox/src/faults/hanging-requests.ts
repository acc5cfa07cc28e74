import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';

// Requests a fault leaves unanswered; their sockets are cut at shutdown so the server can close.
@Injectable()
export class HangingRequests implements OnApplicationShutdown {
  private readonly responses = new Set<Response>();

  hang(response: Response): Promise<never> {
    this.responses.add(response);
    response.on('close', () => this.responses.delete(response));
    return new Promise<never>(() => undefined);
  }

  get count(): number {
    return this.responses.size;
  }

  onApplicationShutdown(): void {
    for (const response of this.responses) response.socket?.destroy();
    this.responses.clear();
  }
}
