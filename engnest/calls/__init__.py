"""Calls: 1:1 video and audio calls between collaborators (WebRTC in the browser, signalling over the realtime
push channel, TURN credentials minted per call). The model keeps participants, not a pair, so room calls can follow."""
