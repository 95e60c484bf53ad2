/** files.* methods of the external upload flow (what `WebClient.filesUploadV2` uses). */
import { fileJson } from "../render.js";
import { fail, isObj, type MethodTable, num, ok, str } from "./context.js";

export const fileMethods: MethodTable = {
  "files.getUploadURLExternal": (args, { ws, baseUrl }) => {
    const filename = str(args, "filename");
    const length = num(args, "length");
    if (!filename || length === undefined || !Number.isInteger(length) || length < 0) {
      return fail("invalid_arguments");
    }
    const id = ws.ids.next("F");
    ws.files.set(id, {
      id,
      filename,
      length,
      altText: str(args, "alt_text") ?? str(args, "alt_txt"),
      title: undefined,
      bytes: undefined,
      completed: false,
      channels: [],
      initialComment: undefined,
      threadTs: undefined,
      created: Math.floor(ws.now() / 1000),
    });
    return ok({ upload_url: `${baseUrl}upload/${id}`, file_id: id });
  },

  "files.completeUploadExternal": (args, { ws, baseUrl }) => {
    const entries = Array.isArray(args.files) ? args.files.filter(isObj) : [];
    if (entries.length === 0) return fail("invalid_arguments");
    const files = entries.map((e) => ws.files.get(String(e.id)));
    for (const f of files) {
      // Completing before the bytes arrived is refused: the upload step was skipped or failed.
      if (!f || f.bytes === undefined || f.completed) return fail("file_not_found");
    }
    const channelArg = str(args, "channel_id") ?? str(args, "channels");
    let channelId: string | undefined;
    if (channelArg) {
      const target = ws.resolveConversation(channelArg, "write");
      if (!target.ok) return fail(target.error);
      channelId = target.channel.id;
    }
    const threadTs = str(args, "thread_ts");
    const initialComment = str(args, "initial_comment");
    const done = files.flatMap((f, i) => {
      if (!f) return [];
      const title = entries[i]?.title;
      f.title = typeof title === "string" ? title : f.filename;
      f.completed = true;
      f.initialComment = initialComment;
      f.threadTs = threadTs;
      if (channelId) f.channels.push(channelId);
      return [f];
    });
    if (channelId) {
      ws.storeMessage(channelId, {
        text: initialComment ?? "",
        blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
        threadTs,
        files: done.map((f) => f.id),
      });
    }
    return ok({ files: done.map((f) => fileJson(ws, f, baseUrl)) });
  },

  "files.info": (args, { ws, baseUrl }) => {
    const file = ws.files.get(str(args, "file") ?? "");
    if (!file?.completed) return fail("file_not_found");
    return ok({ file: fileJson(ws, file, baseUrl) });
  },
};
