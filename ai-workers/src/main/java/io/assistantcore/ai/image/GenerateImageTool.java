package io.assistantcore.ai.image;

import io.assistantcore.ai.tool.BuiltInToolRunner;
import io.assistantcore.ai.tool.ToolOutcome;
import io.assistantcore.messages.chat.ChatCommands.RecordReplyImage;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code generate_image} tool: makes the picture, adds it (with its price) to the reply that asked for
 * it, and tells the model that the picture is shown with the reply.
 */
public class GenerateImageTool implements BuiltInToolRunner.ImageTool {

    private static final Logger log = LoggerFactory.getLogger(GenerateImageTool.class);

    private final ImageGeneration generation;
    private final CommandGateway commands;

    public GenerateImageTool(ImageGeneration generation, CommandGateway commands) {
        this.generation = generation;
        this.commands = commands;
    }

    @Override
    public ToolOutcome generate(ToolCallApproved call, String prompt) {
        ImageGeneration.Made made;
        try {
            made = generation.generate(call.tenantId(), call.userId(), prompt);
        } catch (ImageGeneration.ImageGenerationException e) {
            return ToolOutcome.failure(null, e.getMessage());
        }
        try {
            commands.sendAndWait(new RecordReplyImage(call.conversationId(), call.replyId(), made.imageId(),
                    made.revisedPrompt() == null || made.revisedPrompt().length() <= 500 ? made.revisedPrompt()
                            : made.revisedPrompt().substring(0, 500), made.provider(), made.model(), made.cost()));
        } catch (RuntimeException e) {
            log.warn("The image of tool call {} could not be added to its reply: {}", call.toolCallId(),
                    e.toString());
            return ToolOutcome.failure(null, "The picture was made but could not be added to the reply");
        }
        return ToolOutcome.success(null, "The picture was made and is shown to the user with this reply (image "
                + made.imageId() + ")" + (made.revisedPrompt() == null || made.revisedPrompt().isBlank() ? ""
                : "; it shows: " + made.revisedPrompt()) + ". Do not repeat a link to it.");
    }
}
