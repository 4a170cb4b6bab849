package org.tri2plane.render;

/** What drives the avatar: its own frames, another subject's, or a camera orbit. */
public enum RenderMode {
    SELF,
    CROSS,
    ORBIT
}
