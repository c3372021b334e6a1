// A design in the style of LINE's Flex Message Simulator showcase (exported JSON): a hero image with an absolute
// gradient badge, justifyContent, spans with size/weight/colour/decoration/style, a baseline row with icons, a
// separator, a spacer, a filler and a small primary button.
export const SHOWCASE_BUBBLE = {
  type: 'bubble',
  size: 'mega',
  hero: {
    type: 'box',
    layout: 'vertical',
    paddingAll: '0px',
    contents: [
      {
        type: 'image',
        url: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="20" height="13"%3E%3Crect width="20" height="13" fill="%23c98"/%3E%3C/svg%3E',
        size: 'full',
        aspectRatio: '20:13',
        aspectMode: 'cover',
      },
      {
        type: 'box',
        layout: 'vertical',
        position: 'absolute',
        offsetTop: 'lg',
        offsetStart: 'lg',
        paddingAll: 'xs',
        paddingStart: 'md',
        paddingEnd: 'md',
        cornerRadius: 'xxl',
        background: {
          type: 'linearGradient',
          angle: '90deg',
          startColor: '#ff5500',
          centerColor: '#ff8800',
          endColor: '#ffbb00',
        },
        contents: [{ type: 'text', text: 'SALE', size: 'xs', color: '#ffffff', weight: 'bold' }],
      },
    ],
  },
  body: {
    type: 'box',
    layout: 'vertical',
    spacing: 'sm',
    contents: [
      { type: 'text', text: 'Brown Cafe', size: 'xl', weight: 'bold' },
      {
        type: 'box',
        layout: 'baseline',
        spacing: 'sm',
        contents: [
          {
            type: 'icon',
            url: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/%3E',
            size: 'sm',
          },
          { type: 'text', text: 'Open until 21:00', size: 'sm', color: '#999999', flex: 0 },
          { type: 'filler' },
        ],
      },
      { type: 'separator', margin: 'lg', color: '#eeeeee' },
      {
        type: 'box',
        layout: 'horizontal',
        justifyContent: 'space-between',
        margin: 'lg',
        contents: [
          { type: 'text', text: 'Price', size: 'sm', flex: 0 },
          {
            type: 'text',
            flex: 0,
            contents: [
              { type: 'span', text: 'was ', decoration: 'line-through', color: '#aaaaaa', size: 'xs' },
              { type: 'span', text: '1,280', size: 'lg', weight: 'bold', color: '#ff5500' },
              { type: 'span', text: ' points', style: 'italic', size: 'sm' },
            ],
          },
        ],
      },
      { type: 'spacer', size: 'md' },
      { type: 'text', text: 'Tiny print', size: 'xxs', color: '#aaaaaa', wrap: true, maxLines: 2 },
    ],
  },
  footer: {
    type: 'box',
    layout: 'vertical',
    contents: [
      { type: 'button', style: 'primary', height: 'sm', action: { type: 'postback', label: 'Reserve', data: 'x' } },
    ],
  },
  styles: { footer: { separator: true } },
};
