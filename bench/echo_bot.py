"""A bare echo bot (aiogram or python-telegram-bot, the framework's own polling): the baseline.

    python bench/echo_bot.py --runtime aiogram --api http://127.0.0.1:PORT

It answers every text or command with the same text and every button press with a message.
"""

from __future__ import annotations

import argparse
import asyncio
import logging


async def aiogram_echo(token: str, api: str) -> None:
    """Run aiogram's dispatcher with one echo handler."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import CallbackQuery, Message

    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api)))
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    @dp.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()
        if query.message is not None:
            await bot.send_message(query.message.chat.id, query.data or "?")

    await dp.start_polling(bot, handle_signals=True)


def ptb_echo(token: str, api: str) -> None:
    """Run PTB's Application with one echo handler."""
    from telegram import Update
    from telegram.ext import (
        Application,
        CallbackQueryHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    app = (
        Application.builder()
        .token(token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(256)
        .build()
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(update.effective_message.text or "?")

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is not None:
            await query.answer()
            if query.message is not None:
                await context.bot.send_message(query.message.chat.id, query.data or "?")

    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    app.run_polling(allowed_updates=["message", "callback_query"])


def main() -> None:
    """Parse the arguments and run the chosen echo bot until killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runtime", choices=["aiogram", "ptb"], default="aiogram")
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", default="777000:BENCH-TOKEN-abcdefghijklmnop")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.runtime == "aiogram":
        asyncio.run(aiogram_echo(args.token, args.api))
    else:
        ptb_echo(args.token, args.api)


if __name__ == "__main__":
    main()
