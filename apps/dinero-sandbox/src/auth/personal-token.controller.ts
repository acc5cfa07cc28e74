import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Form, TokenResponse, TokenService } from './token.service';

// authz.dinero.dk's token endpoint, served on the sandbox's port under the same path.
@ApiExcludeController()
@Controller('dineroapi/oauth')
export class PersonalTokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @HttpCode(200)
  token(@Headers('authorization') authorization: string | undefined, @Body() form: Form): TokenResponse {
    return this.tokens.passwordGrant(authorization, form ?? {});
  }
}
