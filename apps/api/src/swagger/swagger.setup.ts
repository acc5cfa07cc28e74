import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto';

export const DOCS_PATH = 'docs';

/** Routes reachable without a key; every other operation carries the key requirement. */
const PUBLIC_PREFIXES = ['/health/'];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LedgerBridge admin API')
    .setDescription(
      "Puts an expense platform's money movements into each company's accounting system. " +
        'Send an API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Admin keys reach every company; ' +
        "a company key reaches only its own company's routes. Every error has the ErrorResponseDto shape.",
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An admin or company API key.' }, 'bearer')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same key, in its own header.' },
      'api-key',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
  for (const [path, item] of Object.entries(document.paths)) {
    const isPublic = PUBLIC_PREFIXES.some((p) => path.startsWith(p));
    for (const op of Object.values(item)) {
      if (op && typeof op === 'object' && 'responses' in op) {
        op.security = isPublic ? [] : [{ bearer: [] }, { 'api-key': [] }];
      }
    }
  }
  return document;
}

export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    swaggerOptions: { persistAuthorization: true },
  });
}
