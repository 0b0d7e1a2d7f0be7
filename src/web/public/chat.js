// The chat page: gets a token from this server, connects Web Chat to our Direct Line endpoint by
// polling (or to Azure's Direct Line over its WebSocket, when the grant names that domain), and makes
// the emergency advice stand out. Plain browser JavaScript, no build step.
(function () {
  'use strict';

  // The CSP allows only styles carrying this page's nonce; Web Chat passes it to the <style> tags it injects.
  var nonce = document.currentScript && document.currentScript.nonce;
  var status = document.getElementById('chat-status');
  var banner = document.getElementById('emergency-banner');
  var bannerText = document.getElementById('emergency-banner-text');

  // What each emergency disposition tells the user (shared/triage-policy.md, "Dispositions").
  var EMERGENCY = {
    emergency_ambulance: 'Call emergency services now (911, 999, 112 or your local number). Do not drive yourself.',
    emergency: 'Go to an emergency department now.',
  };

  function dispositionOf(activity) {
    var triage = activity && activity.channelData && activity.channelData.triage;
    return triage && triage.outcome && triage.outcome.disposition;
  }

  function isEmergency(activity) {
    return Object.prototype.hasOwnProperty.call(EMERGENCY, dispositionOf(activity));
  }

  function hasAdaptiveCard(activity) {
    return (activity.attachments || []).some(function (attachment) {
      return attachment.contentType === 'application/vnd.microsoft.card.adaptive';
    });
  }

  function showBanner(disposition) {
    bannerText.textContent = EMERGENCY[disposition];
    banner.hidden = false;
  }

  // webchat.js bundles React 16 without exposing it. A React element is a plain object, so the
  // wrapper around an emergency activity is built directly instead of loading a second React.
  function element(type, props) {
    return { $$typeof: Symbol.for('react.element'), type: type, key: null, ref: null, props: props, _owner: null };
  }

  var activityMiddleware = function () {
    return function (next) {
      return function () {
        var args = arguments;
        var render = next.apply(null, args);
        if (!render || !isEmergency(args[0] && args[0].activity)) return render;
        return function () {
          return element('div', {
            className: 'triage-emergency',
            role: 'group',
            'aria-label': 'Emergency advice',
            children: render.apply(null, arguments),
          });
        };
      };
    };
  };

  var store = window.WebChat.createStore({}, function () {
    return function (next) {
      return function (action) {
        if (action.type !== 'DIRECT_LINE/INCOMING_ACTIVITY') return next(action);
        var activity = action.payload.activity;
        if (isEmergency(activity)) showBanner(dispositionOf(activity));
        // The bot's text repeats its card for channels without cards; here the card says it all, so show it once.
        if (activity.text && hasAdaptiveCard(activity)) {
          action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { text: '' }) }) });
        }
        return next(action);
      };
    };
  });

  var styleOptions = {
    accent: '#0b5cad',
    primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    bubbleMaxWidth: 640,
    bubbleBorderRadius: 12,
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserBackground: '#e6f0fb',
    hideUploadButton: true,
    sendBoxTextWrap: true,
    // One scrolling row on a phone, so the buttons do not cover the conversation.
    suggestedActionLayout: window.matchMedia('(max-width: 600px)').matches ? 'carousel' : 'flow',
    suggestedActionHeight: 44,
    suggestedActionBorderRadius: 8,
    botAvatarInitials: 'BP',
    userAvatarInitials: 'You',
    transitionDuration: '0s',
  };

  var locale = navigator.language || 'en-US';

  // The conversation starts here, so the bot's welcome (and its emergency number) already follows the user's locale.
  fetch('/api/directline/token', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ locale: locale }),
  })
    .then(function (res) {
      if (!res.ok) throw new Error('token request failed: ' + res.status);
      return res.json();
    })
    .then(function (grant) {
      status.remove();
      window.WebChat.renderWebChat(
        {
          directLine: window.WebChat.createDirectLine({
            // The grant names another domain only with WEBCHAT_DIRECT_LINE=azure, whose service streams.
            domain: grant.domain || window.location.origin + '/v3/directline',
            token: grant.token,
            webSocket: Boolean(grant.domain),
          }),
          store: store,
          activityMiddleware: activityMiddleware,
          styleOptions: styleOptions,
          locale: locale,
          nonce: nonce,
        },
        document.getElementById('chat'),
      );
    })
    .catch(function () {
      status.textContent = 'The chat could not connect. Please reload the page. In an emergency, call your local emergency number.';
    });
})();
